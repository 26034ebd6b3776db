/* smsearch-open - hand a URI to the desktop's default handler for it.
 *
 * `smsearch --open ID` runs this with the passage's URI, so that smsearch
 * itself does not link GLib. GIO chooses the handler from the user's
 * mimeapps.list; xdg-open would need a desktop environment it recognises.
 * Exit status: 0 launched, 2 error (usage, or no handler could be run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>

static const char USAGE[] = "usage: smsearch-open URI\n"
                            "Open URI with the desktop's default handler for it.\n";

/* A D-Bus activated handler is started by a message on the session bus:
 * send it before exiting. */
static void flush_session_bus(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	GDBusConnection *bus =
	    addr && *addr ? g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, NULL) : NULL;
	if (bus) {
		g_dbus_connection_flush_sync(bus, NULL, NULL);
		g_object_unref(bus);
	}
}

int main(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(USAGE, stdout);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-' || !strchr(argv[1], ':')) {
		fputs("smsearch-open: give one URI (see smsearch-open --help)\n", stderr);
		return 2;
	}
	GError *err = NULL;
	if (!g_app_info_launch_default_for_uri(argv[1], NULL, &err)) {
		fprintf(stderr, "smsearch-open: cannot open %s: %s\n", argv[1], err->message);
		g_error_free(err);
		return 2;
	}
	flush_session_bus();
	return 0;
}
