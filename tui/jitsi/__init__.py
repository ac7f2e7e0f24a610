"""Live Jitsi connection: discovery, authentication, the RFC 7395 transport and the XMPP session."""
