/* lexicon.c - stop words and the built-in thesaurus (data only). */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

/* Sorted (bsearch): function words, then question words and filler. */
static const char *const stopwords[] = {
    "a",         "about",     "above",   "after",     "again",   "against",    "all",
    "also",      "am",        "an",      "and",       "any",     "anyone",     "anything",
    "are",       "aren't",    "as",      "ask",       "asking",  "at",         "be",
    "because",   "been",      "before",  "being",     "below",   "between",    "both",
    "but",       "by",        "can",     "can't",     "cannot",  "could",      "couldn't",
    "dear",      "did",       "didn't",  "do",        "does",    "doesn't",    "doing",
    "don't",     "down",      "during",  "each",      "etc",     "few",        "for",
    "from",      "further",   "get",     "got",       "had",     "hadn't",     "has",
    "hasn't",    "have",      "haven't", "having",    "he",      "he'd",       "he'll",
    "he's",      "hello",     "her",     "here",      "here's",  "hers",       "herself",
    "hi",        "him",       "himself", "his",       "how",     "how's",      "i",
    "i'd",       "i'll",      "i'm",     "i've",      "if",      "in",         "into",
    "is",        "isn't",     "it",      "it's",      "its",     "itself",     "just",
    "kind",      "know",      "let",     "let's",     "like",    "madam",      "may",
    "me",        "might",     "more",    "most",      "much",    "must",       "mustn't",
    "my",        "myself",    "no",      "nor",       "not",     "of",         "off",
    "on",        "once",      "only",    "or",        "other",   "ought",      "our",
    "ours",      "ourselves", "out",     "over",      "own",     "please",     "question",
    "questions", "regards",   "same",    "shall",     "shan't",  "she",        "she'd",
    "she'll",    "she's",     "should",  "shouldn't", "sir",     "so",         "some",
    "such",      "tell",      "than",    "thank",     "thanks",  "thankyou",   "that",
    "that's",    "the",       "their",   "theirs",    "them",    "themselves", "then",
    "there",     "there's",   "these",   "they",      "they'd",  "they'll",    "they're",
    "they've",   "this",      "those",   "through",   "to",      "too",        "under",
    "until",     "up",        "very",    "want",      "was",     "wasn't",     "we",
    "we'd",      "we'll",     "we're",   "we've",     "were",    "weren't",    "what",
    "what's",    "when",      "when's",  "where",     "where's", "which",      "while",
    "who",       "who's",     "whom",    "why",       "why's",   "will",       "with",
    "won't",     "wondering", "would",   "wouldn't",  "yes",     "you",        "you'd",
    "you'll",    "you're",    "you've",  "your",      "yours",   "yourself",   "yourselves",
};

static int cmp(const void *key, const void *elem)
{
	const char *const *k = key;
	return strcmp(*k, *(const char *const *)elem);
}

int sm_is_stopword(const char *w, size_t len)
{
	char word[32];
	if (len == 0 || len >= sizeof word)
		return 0;
	memcpy(word, w, len);
	word[len] = '\0';
	const char *key = word;
	return bsearch(&key, stopwords, sizeof stopwords / sizeof *stopwords, sizeof *stopwords,
	               cmp) != NULL;
}

/* Equivalent terms: lay and clinical words, British and American
 * spellings. Each group is searched as one term (Xapian's OP_SYNONYM). */
static const char *const g_rehab[] = {"rehabilitation", "rehab", NULL};
static const char *const g_cure[] = {"curable", "cure", "curative", "curing", "cured", NULL};
static const char *const g0[] = {"radiotherapy", "radiation therapy", "radiation treatment",
                                 "irradiation", NULL};
static const char *const g1[] = {"chemotherapy", "chemo", NULL};
static const char *const g2[] = {"immunotherapy", "immune therapy", NULL};
static const char *const g3[] = {"metastasis",       "metastases",       "mets",
                                 "spread of cancer", "secondary cancer", NULL};
static const char *const g5[] = {"tumor", "tumour", "neoplasm", NULL};
static const char *const g7[] = {"side effects", "adverse effects", "adverse reactions", NULL};
static const char *const g8[] = {"complications", "complication", NULL};
static const char *const g9[] = {"pain", "ache", "aches", "soreness", NULL};
static const char *const g10[] = {"backache", "back pain", NULL};
static const char *const g11[] = {"analgesic", "painkiller", "pain reliever", "pain medication",
                                  NULL};
static const char *const g13[] = {"surgery", "operation", "surgical procedure", NULL};
static const char *const g14[] = {"vertebrae", "vertebra",      "backbone", "back bones",
                                  "spine",     "spinal column", NULL};
static const char *const g15[] = {"spinal", "spine", NULL};
static const char *const g16[] = {"physiotherapy", "physical therapy", "physio", NULL};
static const char *const g17[] = {"palliative care", "supportive care", "comfort care", NULL};
static const char *const g18[] = {"prognosis", "outlook", "life expectancy", "survival", NULL};
static const char *const g20[] = {"mri", "magnetic resonance imaging", NULL};
static const char *const g21[] = {"ct scan", "cat scan", "computed tomography", NULL};
static const char *const g22[] = {"pet scan", "positron emission tomography", NULL};
static const char *const g23[] = {"numbness", "loss of feeling", "tingling", NULL};
static const char *const g24[] = {"fatigue", "tiredness", "exhaustion", NULL};
static const char *const g25[] = {"nausea", "sickness", "queasiness", NULL};
static const char *const g26[] = {"hair loss", "alopecia", NULL};
static const char *const g27[] = {"bone marrow", "marrow", NULL};
static const char *const g28[] = {"hormone therapy", "hormonal therapy", "endocrine therapy", NULL};
static const char *const g29[] = {"high blood pressure", "hypertension", NULL};
static const char *const g30[] = {"low blood pressure", "hypotension", NULL};
static const char *const g31[] = {"heart attack", "myocardial infarction", NULL};
static const char *const g32[] = {"stroke", "cerebrovascular accident", NULL};
static const char *const g33[] = {"kidney", "renal", NULL};
static const char *const g34[] = {"liver", "hepatic", NULL};
static const char *const g35[] = {"lung", "pulmonary", NULL};
static const char *const g36[] = {"heart", "cardiac", NULL};
static const char *const g37[] = {"skin", "dermal", "cutaneous", NULL};
static const char *const g38[] = {"belly", "abdomen", "stomach", NULL};
static const char *const g40[] = {"diabetes", "diabetes mellitus", NULL};
static const char *const g41[] = {"flu", "influenza", NULL};
static const char *const g45[] = {"birth defect", "congenital anomaly", NULL};
static const char *const g46[] = {"inherited", "hereditary", "genetic", NULL};
static const char *const g47[] = {"pregnancy", "pregnant", "gestation", NULL};
static const char *const g48[] = {"baby", "infant", "newborn", NULL};
static const char *const g49[] = {"child", "children", "pediatric", "paediatric", NULL};
static const char *const g50[] = {"elderly", "older adults", "seniors", NULL};
static const char *const g51[] = {"shortness of breath", "dyspnea", "dyspnoea", "breathlessness",
                                  NULL};
static const char *const g52[] = {"swelling", "edema", "oedema", NULL};
static const char *const g53[] = {"bleeding", "hemorrhage", "haemorrhage", NULL};
static const char *const g54[] = {"anemia", "anaemia", NULL};
static const char *const g55[] = {"leukemia", "leukaemia", NULL};
static const char *const g56[] = {"diarrhea", "diarrhoea", NULL};
static const char *const g57[] = {"estrogen", "oestrogen", NULL};
static const char *const g58[] = {"esophagus", "oesophagus", NULL};
static const char *const g59[] = {"hematology", "haematology", NULL};
static const char *const g60[] = {"orthopedic", "orthopaedic", NULL};
static const char *const g61[] = {"fetus", "foetus", NULL};
static const char *const g62[] = {"gynecology", "gynaecology", NULL};
static const char *const g63[] = {"anesthesia", "anaesthesia", NULL};
static const char *const g64[] = {"hemoglobin", "haemoglobin", NULL};
static const char *const g65[] = {"counseling", "counselling", NULL};
static const char *const g66[] = {"behavior", "behaviour", NULL};
static const char *const g67[] = {"color", "colour", NULL};
static const char *const g68[] = {"fiber", "fibre", NULL};
static const char *const g69[] = {"center", "centre", NULL};
static const char *const g70[] = {"ischemia", "ischaemia", NULL};
static const char *const g71[] = {"celiac", "coeliac", NULL};
static const char *const g72[] = {"cesarean", "caesarean", "c-section", NULL};
static const char *const g73[] = {"tumors", "tumours", NULL};
static const char *const g74[] = {"infection", "infections", NULL};
static const char *const g75[] = {"contagious", "infectious", NULL};
static const char *const g76[] = {"vaccine", "vaccination", "immunization", "immunisation", NULL};
static const char *const g77[] = {"checkup", "screening", NULL};
static const char *const g80[] = {"cause", "causes", NULL};
static const char *const g81[] = {"prevent", "prevention", NULL};
static const char *const g82[] = {"doctor", "physician", NULL};
static const char *const g83[] = {"cancer doctor", "oncologist", NULL};
static const char *const g84[] = {"blood test", "blood work", NULL};
static const char *const g85[] = {"x-ray", "radiograph", NULL};
static const char *const g86[] = {"painful urination", "dysuria", NULL};
static const char *const g87[] = {"itching", "pruritus", NULL};
static const char *const g88[] = {"bruise", "contusion", NULL};
static const char *const g89[] = {"nosebleed", "epistaxis", NULL};
static const char *const g90[] = {"heartburn", "acid reflux", "gerd", NULL};
static const char *const g91[] = {"weight loss", "losing weight", NULL};
static const char *const g92[] = {"brain", "cerebral", NULL};
static const char *const g93[] = {"chest pain", "angina", NULL};
static const char *const g94[] = {"dementia", "memory loss", NULL};
static const char *const g95[] = {"depression", "depressed", NULL};
static const char *const g96[] = {"anxiety", "anxious", NULL};
static const char *const g97[] = {"sleeplessness", "insomnia", NULL};
static const char *const g98[] = {"stereotactic radiosurgery", "srs", NULL};
static const char *const g99[] = {"stereotactic body radiation therapy", "sbrt", NULL};

/* Lay and clinical names of common conditions, drugs and tests. */
static const char *const l0[] = {"erectile dysfunction", "impotence", "erection problems", NULL};
static const char *const l1[] = {"recurrence", "recur",      "recurs",    "recurred",
                                 "come back",  "comes back", "came back", NULL};
static const char *const l2[] = {"shingles", "herpes zoster", NULL};
static const char *const l3[] = {"chickenpox", "chicken pox", "varicella", NULL};
static const char *const l4[] = {"pink eye", "conjunctivitis", NULL};
static const char *const l5[] = {"hives", "urticaria", NULL};
static const char *const l6[] = {"fainting", "syncope", "passing out", NULL};
static const char *const l7[] = {"kidney stones", "kidney stone", "nephrolithiasis",
                                 "renal calculi", NULL};
static const char *const l8[] = {"gallstones", "gallstone", "cholelithiasis", NULL};
static const char *const l9[] = {"nearsightedness", "nearsighted", "myopia", NULL};
static const char *const l10[] = {"farsightedness", "farsighted", "hyperopia", NULL};
static const char *const l11[] = {"lazy eye", "amblyopia", NULL};
static const char *const l12[] = {"bad breath", "halitosis", NULL};
static const char *const l13[] = {"hay fever", "allergic rhinitis", NULL};
static const char *const l14[] = {"blood thinner", "blood thinners", "anticoagulant",
                                  "anticoagulants", NULL};
static const char *const l15[] = {"water pill", "water pills", "diuretic", "diuretics", NULL};
static const char *const l16[] = {"birth control", "contraception", "contraceptive", NULL};
static const char *const l17[] = {"acetaminophen", "paracetamol", "tylenol", NULL};
static const char *const l18[] = {"ibuprofen", "advil", "motrin", NULL};
static const char *const l19[] = {"naproxen", "aleve", NULL};
static const char *const l20[] = {"bedwetting", "bed wetting", "enuresis", NULL};
static const char *const l21[] = {"stomach flu", "gastroenteritis", NULL};
static const char *const l22[] = {"blood clot", "blood clots", "thrombosis", "thrombus", NULL};
static const char *const l23[] = {"cold sore", "cold sores", "fever blister", "herpes labialis",
                                  NULL};
static const char *const l24[] = {"lockjaw", "tetanus", NULL};
static const char *const l25[] = {"ear wax", "earwax", "cerumen", NULL};
static const char *const l26[] = {"upper endoscopy", "upper gi endoscopy", "egd",
                                  "esophagogastroduodenoscopy", NULL};
static const char *const l27[] = {"stomach ulcer", "peptic ulcer", "gastric ulcer", NULL};
static const char *const l28[] = {"blood sugar", "blood glucose", NULL};
static const char *const l29[] = {"tooth decay", "cavities", "dental caries", NULL};
static const char *const l30[] = {"head lice", "pediculosis", NULL};
static const char *const l31[] = {"ringworm", "tinea", NULL};
static const char *const l32[] = {"whooping cough", "pertussis", NULL};
static const char *const l33[] = {"german measles", "rubella", NULL};
static const char *const l34[] = {"seizure", "seizures", "convulsion", "convulsions", NULL};
static const char *const l35[] = {"vomiting", "throwing up", "emesis", NULL};
static const char *const l36[] = {"runny nose", "rhinorrhea", NULL};
static const char *const l37[] = {"sore throat", "pharyngitis", NULL};
static const char *const l38[] = {"hardening of the arteries", "atherosclerosis",
                                  "arteriosclerosis", NULL};
static const char *const l39[] = {"enlarged prostate", "benign prostatic hyperplasia", NULL};
static const char *const l40[] = {"underactive thyroid", "hypothyroidism", NULL};
static const char *const l41[] = {"overactive thyroid", "hyperthyroidism", NULL};
static const char *const l42[] = {"irregular heartbeat", "arrhythmia", "dysrhythmia", NULL};

const char *const *const sm_thesaurus[] = {
    g_rehab, g_cure, g0,  g1,  g2,  g3,  g5,  g7,  g8,  g9,  g10, g11, g13, g14, g15, g16, g17,
    g18,     g20,    g21, g22, g23, g24, g25, g26, g27, g28, g29, g30, g31, g32, g33, g34, g35,
    g36,     g37,    g38, g40, g41, g45, g46, g47, g48, g49, g50, g51, g52, g53, g54, g55, g56,
    g57,     g58,    g59, g60, g61, g62, g63, g64, g65, g66, g67, g68, g69, g70, g71, g72, g73,
    g74,     g75,    g76, g77, g80, g81, g82, g83, g84, g85, g86, g87, g88, g89, g90, g91, g92,
    g93,     g94,    g95, g96, g97, g98, g99, l0,  l1,  l2,  l3,  l4,  l5,  l6,  l7,  l8,  l9,
    l10,     l11,    l12, l13, l14, l15, l16, l17, l18, l19, l20, l21, l22, l23, l24, l25, l26,
    l27,     l28,    l29, l30, l31, l32, l33, l34, l35, l36, l37, l38, l39, l40, l41, l42, NULL};

/* Question intents. General health-writing vocabulary (the wording of
 * consumer health pages' own section headings), not fitted to any one
 * question set: each list stays short so that a cue is unambiguous. */
// clang-format off
#define LIST(...) (const char *const[]){__VA_ARGS__, NULL}
// clang-format on
const sm_intent sm_intents[] = {
    {"symptoms", LIST("symptom", "symptoms", "sign", "signs"), LIST("symptoms", "signs")},
    {"causes", LIST("cause", "causes", "caused", "causing", "why"),
     LIST("cause", "caused", "causes", "due to", "results from")},
    {"treatment",
     LIST("treatment", "treatments", "treat", "treating", "therapy", "therapies", "cure", "manage",
          "management", "remedy", "remedies"),
     LIST("treatment", "treated", "therapy", "surgery", "medications", "drugs")},
    {"diagnosis",
     LIST("diagnose", "diagnosed", "diagnosis", "diagnosing", "test", "tests", "testing", "exam",
          "detect", "detected", "screening"),
     LIST("diagnosis", "diagnosed", "tests", "test", "exam", "examination", "imaging", "biopsy",
          "detect")},
    {"prevention", LIST("prevent", "prevention", "preventing", "avoid", "protect"),
     LIST("prevent", "prevention", "reduce", "lower", "avoid", "protect")},
    {"outlook", LIST("outlook", "prognosis", "survival", "expectancy", "recover", "recovery"),
     LIST("prognosis", "outlook", "survival", "recovery", "chance", "life expectancy")},
    {"inheritance", LIST("inherited", "inherit", "inheritance", "hereditary", "runs"),
     LIST("inherited", "inheritance", "autosomal", "dominant", "recessive", "pattern", "parent",
          "x-linked")},
    {"genetics", LIST("gene", "genes", "genetic", "mutation", "mutations", "dna"),
     LIST("mutations", "gene", "genes", "protein", "changes")},
    {"frequency", LIST("many", "prevalence", "common"),
     LIST("estimated", "approximately", "prevalence", "incidence", "worldwide", "cases", "1 in")},
    {"risk", LIST("risk", "risks", "susceptible", "likely"),
     LIST("risk", "risk factors", "increase")},
    {"stages", LIST("stage", "stages", "staging"), LIST("stage", "stages", "staging", "spread")},
    {"research", LIST("research", "trial", "trials", "studies", "study"),
     LIST("clinical trials", "research", "studies", "tested")},
    {"complications", LIST("complication", "complications"), LIST("complications", "lead to")},
    {"definition", LIST("define", "definition", "meaning", "mean", "means"),
     LIST("is a", "are a", "is an", "type of", "group of", "disorder", "condition",
          "characterized")},
    {"storage",
     LIST("store", "storage", "stored", "storing", "refrigerate", "refrigerated", "unrefrigerated",
          "refrigerator", "fridge", "expire", "expired", "expiration"),
     LIST("store", "storage", "room temperature", "refrigerator", "moisture", "disposal")},
    {"transmission",
     LIST("contagious", "transmitted", "transmit", "transmission", "catch", "infectious"),
     LIST("spread", "catch", "contagious", "transmitted", "contact", "infected person")},
    {"stopping",
     LIST("taper", "tapering", "stop", "stopping", "discontinue", "discontinuing",
          "discontinuation", "withdrawal", "wean", "quit"),
     LIST("stop taking", "stop using", "suddenly", "gradually", "taper", "withdrawal")},
    {NULL, NULL, NULL},
};
