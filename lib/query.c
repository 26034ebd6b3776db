/* query.c - a forgiving recursive-descent query parser. */
#include "query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "norm.h"
#include "tok.h"

typedef enum {
	T_END,
	T_CHUNK,
	T_PHRASE,
	T_LPAREN,
	T_RPAREN,
	T_AND,
	T_OR,
	T_NOT,
	T_XOR,
	T_NEAR
} ttype;

typedef struct {
	ttype type;
	int sign;
	sm_qfield field;
	const char *s; /* chunk or phrase text */
	size_t len;
} token;

typedef struct {
	token *toks;
	size_t n, at;
	unsigned pos; /* next word position */
	int failed;
} parser;

/* ---- lexer ----------------------------------------------------------- */

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static ttype op_type(const char *s, size_t n)
{
	static const struct {
		const char *w;
		ttype t;
	} ops[] = {{"AND", T_AND}, {"OR", T_OR}, {"NOT", T_NOT}, {"XOR", T_XOR}, {"NEAR", T_NEAR}};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (strlen(ops[i].w) == n && memcmp(ops[i].w, s, n) == 0)
			return ops[i].t;
	return T_CHUNK;
}

/* The field a chunk s[0..n) starts with: "title:" or "section:" followed
 * by a word, or by a phrase when `quote` (the chunk ends at a quote). */
static sm_qfield field_of(const char *s, size_t n, int quote, size_t *skip)
{
	*skip = 0;
	if ((n > 6 || (n == 6 && quote)) && memcmp(s, "title:", 6) == 0) {
		*skip = 6;
		return SM_FIELD_TITLE;
	}
	if ((n > 8 || (n == 8 && quote)) && memcmp(s, "section:", 8) == 0) {
		*skip = 8;
		return SM_FIELD_SECTION;
	}
	return SM_FIELD_ANY;
}

static int push(token **v, size_t *n, size_t *cap, token t)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		token *nv = realloc(*v, *cap * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = t;
	return 0;
}

static int lex(const char *s, size_t len, token **out, size_t *count)
{
	token *v = NULL;
	size_t n = 0, cap = 0, i = 0;
	int rc = 0;
	while (i < len && rc == 0) {
		if (is_ws(s[i])) {
			i++;
			continue;
		}
		token t = {.type = T_CHUNK};
		if (s[i] == '(' || s[i] == ')') {
			t.type = s[i] == '(' ? T_LPAREN : T_RPAREN;
			i++;
			rc = push(&v, &n, &cap, t);
			continue;
		}
		if ((s[i] == '+' || s[i] == '-') && i + 1 < len && !is_ws(s[i + 1])) {
			t.sign = s[i] == '+' ? 1 : -1;
			i++;
		}
		size_t start = i, skip;
		while (i < len && !is_ws(s[i]) && s[i] != '(' && s[i] != ')' && s[i] != '"')
			i++;
		t.field = field_of(s + start, i - start, i < len && s[i] == '"', &skip);
		start += skip;
		if (i == start && i < len && s[i] == '"') {
			const char *close = memchr(s + i + 1, '"', len - i - 1);
			if (!close) { /* an unbalanced quote: read on as plain words */
				i++;
				continue;
			}
			t.type = T_PHRASE;
			t.s = s + i + 1;
			t.len = (size_t)(close - t.s);
			i = (size_t)(close - s) + 1;
		} else if (i == start) {
			if (i < len && s[i] == '"')
				continue; /* a lone quote after a sign or field: read on */
			i++;              /* a sign before white space: skip it */
			continue;
		} else {
			t.s = s + start;
			t.len = i - start;
			if (!t.sign && t.field == SM_FIELD_ANY)
				t.type = op_type(t.s, t.len);
		}
		rc = push(&v, &n, &cap, t);
	}
	if (rc == 0)
		rc = push(&v, &n, &cap, (token){.type = T_END});
	if (rc < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*count = n;
	return 0;
}

/* Operators a person did not mean: in a message longer than a query is
 * ("it had NOT been refrigerated ... Box AND literature") or one written
 * in capitals ("WHY ARE SOME AFFECTED AND OTHERS NOT"), AND, OR, NOT, XOR
 * and NEAR are words. Read as operators they would cut the message in
 * two and drop or require whole halves of it. */
#define MAX_QUERY_WORDS 12

int sm_query_is_message(const char *text)
{
	size_t words = 0, capitals = 0;
	for (const char *p = text; *p;) {
		while (*p && is_ws(*p))
			p++;
		const char *w = p;
		size_t upper = 0, lower = 0;
		for (; *p && !is_ws(*p); p++) {
			upper += isupper((unsigned char)*p) != 0;
			lower += islower((unsigned char)*p) != 0;
		}
		if (upper + lower == 0 || op_type(w, (size_t)(p - w)) != T_CHUNK)
			continue;
		words++;
		capitals += lower == 0 && upper >= 2;
	}
	return words > MAX_QUERY_WORDS || (words >= 3 && 2 * capitals > words);
}

static void operators_as_words(token *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].type >= T_AND && v[i].type <= T_NEAR)
			v[i].type = T_CHUNK;
}

/* ---- tree ------------------------------------------------------------ */

void sm_qnode_free(sm_qnode *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n_words; i++)
		free(q->words[i]);
	free(q->words);
	for (size_t i = 0; i < q->n_kids; i++)
		sm_qnode_free(q->kids[i]);
	free(q->kids);
	free(q);
}

static sm_qnode *node(parser *p, sm_qkind kind)
{
	sm_qnode *q = calloc(1, sizeof *q);
	if (!q)
		p->failed = 1;
	else
		q->kind = kind;
	return q;
}

static void add_kid(parser *p, sm_qnode *q, sm_qnode *kid)
{
	if (!kid)
		return;
	sm_qnode **v = q ? realloc(q->kids, (q->n_kids + 1) * sizeof *v) : NULL;
	if (!v) {
		p->failed = 1;
		sm_qnode_free(kid);
		return;
	}
	q->kids = v;
	q->kids[q->n_kids++] = kid;
}

/* A chunk or phrase becomes TERM (one word), PHRASE (several), or NULL
 * when it holds no word at all ("--", "..."). */
static sm_qnode *words_node(parser *p, const token *t)
{
	sm_tok tk;
	sm_token w;
	int r;
	sm_qnode *q = node(p, SM_Q_TERM);
	if (!q)
		return NULL;
	q->sign = t->sign;
	q->field = t->field;
	q->pos = p->pos;
	sm_tok_init(&tk, t->s, t->len);
	while ((r = sm_tok_next(&tk, &w)) == 1) {
		char **v = realloc(q->words, (q->n_words + 1) * sizeof *v);
		char *copy = v ? strndup(w.norm, w.normlen) : NULL;
		if (v)
			q->words = v;
		if (!copy) {
			r = -1;
			break;
		}
		q->words[q->n_words++] = copy;
	}
	sm_tok_free(&tk);
	p->pos += (unsigned)q->n_words;
	if (r < 0)
		p->failed = 1;
	if (r < 0 || q->n_words == 0) {
		sm_qnode_free(q);
		return NULL;
	}
	if (q->n_words > 1 || t->type == T_PHRASE)
		q->kind = q->n_words > 1 ? SM_Q_PHRASE : SM_Q_TERM;
	return q;
}

static const token *peek(const parser *p)
{
	return &p->toks[p->at];
}

static sm_qnode *parse_or(parser *p, int depth);

static sm_qnode *parse_primary(parser *p, int depth)
{
	const token *t = peek(p);
	if (t->type == T_LPAREN) {
		p->at++;
		sm_qnode *q = depth < 32 ? parse_or(p, depth + 1) : NULL;
		while (peek(p)->type != T_RPAREN && peek(p)->type != T_END)
			p->at++; /* too deep or junk: skip to the close */
		if (peek(p)->type == T_RPAREN)
			p->at++;
		return q;
	}
	p->at++;
	return words_node(p, t);
}

static int starts_primary(ttype t)
{
	return t == T_CHUNK || t == T_PHRASE || t == T_LPAREN;
}

/* Words side by side. A single plain member is returned as it is. */
static sm_qnode *parse_bag(parser *p, int depth)
{
	sm_qnode *bag = node(p, SM_Q_BAG);
	while (bag && starts_primary(peek(p)->type))
		add_kid(p, bag, parse_primary(p, depth));
	if (bag && bag->n_kids == 1 && bag->kids[0]->sign == 0) {
		sm_qnode *only = bag->kids[0];
		bag->n_kids = 0;
		sm_qnode_free(bag);
		return only;
	}
	if (bag && bag->n_kids == 0) {
		sm_qnode_free(bag);
		return NULL;
	}
	return bag;
}

static sm_qkind kind_of(ttype t)
{
	switch (t) {
	case T_AND:
		return SM_Q_AND;
	case T_NOT:
		return SM_Q_NOT;
	case T_XOR:
		return SM_Q_XOR;
	case T_NEAR:
		return SM_Q_NEAR;
	default:
		return SM_Q_OR;
	}
}

/* Join a and b with `kind`, extending a node of the same kind. A missing
 * side (a trailing "NOT", a leading "AND") leaves the other as it is. */
static sm_qnode *join(parser *p, sm_qkind kind, sm_qnode *a, sm_qnode *b)
{
	if (!a || !b)
		return a ? a : (kind == SM_Q_NOT ? (sm_qnode_free(b), NULL) : b);
	if (a->kind == kind && kind != SM_Q_NEAR) {
		add_kid(p, a, b);
		return a;
	}
	sm_qnode *q = node(p, kind);
	add_kid(p, q, a);
	add_kid(p, q, b);
	if (!q)
		sm_qnode_free(b);
	return q ? q : a;
}

/* AND, NOT, XOR and NEAR bind tighter than OR. */
static sm_qnode *parse_and(parser *p, int depth)
{
	sm_qnode *q = parse_bag(p, depth);
	for (;;) {
		ttype t = peek(p)->type;
		if (t != T_AND && t != T_NOT && t != T_XOR && t != T_NEAR)
			return q;
		p->at++;
		/* "NOT x" at the start reads as "-x". */
		q = join(p, kind_of(t), q, parse_bag(p, depth));
	}
}

static sm_qnode *parse_or(parser *p, int depth)
{
	sm_qnode *q = parse_and(p, depth);
	while (peek(p)->type == T_OR) {
		p->at++;
		q = join(p, SM_Q_OR, q, parse_and(p, depth));
	}
	return q;
}

int sm_query_parse(const char *text, sm_qnode **out, int *message)
{
	char *norm = NULL;
	size_t len;
	parser p = {0};
	if (sm_norm_query(text, strlen(text), &norm, &len) < 0 ||
	    lex(norm, len, &p.toks, &p.n) < 0) {
		free(norm);
		return -1;
	}
	int is_message = sm_query_is_message(text);
	if (message)
		*message = is_message;
	if (is_message)
		operators_as_words(p.toks, p.n);
	sm_qnode *q = NULL;
	while (peek(&p)->type != T_END && !p.failed) {
		/* Whatever the grammar could not place (a stray ")" or a leading
		 * operator) is skipped, and parsing goes on after it. */
		sm_qnode *part = parse_or(&p, 0);
		q = part ? (q ? join(&p, SM_Q_OR, q, part) : part) : q;
		if (peek(&p)->type != T_END && !starts_primary(peek(&p)->type))
			p.at++;
	}
	free(p.toks);
	free(norm);
	if (p.failed) {
		sm_qnode_free(q);
		return -1;
	}
	*out = q;
	return 0;
}
