"""Receipts on thermal printers: ESC/POS rendering (pure), transports, one printer worker.

Nothing here imports Qt: the counter's UI adapts the worker's callbacks to signals, and the
command line (``ebill-desktop print-test``) uses the same code without a screen.
"""
