/* shards.c - the layout of a sharded index. */
#include "shards.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

#define STUB "XAPIANDB"

void sm_shard_path(sm_buf *out, const char *db, unsigned k)
{
	sm_buf_reset(out);
	sm_buf_printf(out, "%s/shard%u", db, k);
}

int sm_shards_of(const char *db, unsigned *n, char *err, size_t errlen)
{
	sm_buf path = SM_BUF_INIT;
	sm_buf_printf(&path, "%s/" STUB, db);
	FILE *f = sm_buf_failed(&path) ? NULL : fopen(path.data, "r");
	int rc = 0;
	*n = 0;
	if (!f && errno != ENOENT && errno != ENOTDIR) /* no index, or a file: not sharded */
		rc = sm_fail(err, errlen, "%s: %s", sm_buf_str(&path), strerror(errno));
	char line[256];
	unsigned k;
	char end;
	/* Only a stub this program wrote: "auto shardK", K from 0 up. */
	while (f && rc == 0 && fgets(line, sizeof line, f)) {
		if (sscanf(line, "auto shard%u%c", &k, &end) != 2 || end != '\n' || k != *n ||
		    *n == SM_MAX_SHARDS)
			rc = sm_fail(err, errlen, "%s: not a stub file smindex wrote", path.data);
		else
			++*n;
	}
	if (f)
		fclose(f);
	sm_buf_free(&path);
	return rc;
}

int sm_shards_write_stub(const char *db, unsigned n, char *err, size_t errlen)
{
	sm_buf tmp = SM_BUF_INIT, path = SM_BUF_INIT, text = SM_BUF_INIT;
	sm_buf_printf(&tmp, "%s/" STUB ".tmp", db);
	sm_buf_printf(&path, "%s/" STUB, db);
	for (unsigned k = 0; k < n; k++)
		sm_buf_printf(&text, "auto shard%u\n", k);
	int ok = !sm_buf_failed(&tmp) && !sm_buf_failed(&path) && !sm_buf_failed(&text);
	int fd = ok ? open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
	ok = fd >= 0 && write(fd, text.data, text.len) == (ssize_t)text.len;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (ok && rename(tmp.data, path.data) != 0)
		ok = 0;
	int rc =
	    ok ? 0
	       : sm_fail(err, errlen, "%s: cannot write: %s", sm_buf_str(&path), strerror(errno));
	sm_buf_free(&tmp);
	sm_buf_free(&path);
	sm_buf_free(&text);
	return rc;
}
