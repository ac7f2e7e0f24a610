"""The Textual console: screens, widgets, key bindings and the command palette.

Only this package imports Textual. It drives a :class:`tui.model.gateway.ConferenceGateway`
and never mutates the model: widgets post intents, the screen plans them.
"""
