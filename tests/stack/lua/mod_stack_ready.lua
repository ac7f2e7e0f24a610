-- jitsi-tui test stack: log one line once every host and module is loaded.
--
-- Prosody opens its ports while it is still activating hosts, so open ports alone do not
-- mean a module did not fail to load. "server-started" fires after all of that; the starter
-- (tests/stack/server.py) waits for this line, then checks the log for load errors.

module:set_global();

module:hook_global("server-started", function()
	module:log("info", "jitsi-tui stack ready");
end);
