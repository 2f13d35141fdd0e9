"""Council websites on ModernGov: HTTP with limits, the agenda XML, and the
watcher that picks up newly published papers on a schedule."""
