"""Figure declarations, one module per family or page; each exposes ``FIGURES``."""
