"""The change feed: the log writers append to, the sequencer, and the page reader."""
