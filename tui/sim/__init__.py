"""A simulated Jitsi conference behind the gateway boundary: demo, screenshots and UI tests.

Import :class:`tui.sim.gateway.SimulatedConference`; nothing here touches the network, Textual
or slixmpp.
"""
