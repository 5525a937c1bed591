"""The one place that wires engine, bot, scheduler and web together (see ``serve``)."""
