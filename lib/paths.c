/* paths.c - default index location (XDG base directories). */
#include "paths.h"

#include <stdlib.h>

static const char *nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

int sm_default_db(sm_buf *out)
{
	const char *v;
	if ((v = nonempty("SMSEARCH_DB")))
		sm_buf_adds(out, v);
	else if ((v = nonempty("XDG_DATA_HOME")))
		sm_buf_printf(out, "%s/smsearch/db", v);
	else if ((v = nonempty("HOME")))
		sm_buf_printf(out, "%s/.local/share/smsearch/db", v);
	else
		return -1;
	return sm_buf_failed(out) ? -1 : 0;
}
