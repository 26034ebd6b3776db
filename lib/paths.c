/* paths.c - default index location (XDG base directories). */
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

void sm_exec_sibling(const char *name, char *const argv[])
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	self[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(self, '/');
	size_t len = strlen(name) + 1;
	if (slash && (size_t)(slash + 1 - self) + len <= sizeof self) {
		memcpy(slash + 1, name, len);
		execv(self, argv);
	}
	execvp(name, argv);
}
