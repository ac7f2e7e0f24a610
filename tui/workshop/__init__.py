"""The breakout-session toolkit: plans, timers, the help queue, attendance, scheduled notices.

Jitsi's breakout component has no plan, no timer and no help queue; the console can do all of
it from the client side because it sits in every room it moderates. Every part here is
screenless, like :class:`tui.session.ConsoleSession`: it listens to the session's changes and
asks for what it wants through ``ConsoleSession.submit``/``perform``, so the live gateway and the
simulation run the same code, and the screen, ``ctl`` and ``--headless`` see one truth.

What to decide (who goes where, what is due when) is pure and lives in :mod:`tui.model`; what
lives here is the clock, the asyncio tasks and the control-socket verbs.
"""
