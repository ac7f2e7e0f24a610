"""The local control socket: ``jitsi-tui ctl`` scripts a running console."""
