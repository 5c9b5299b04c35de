"""Example services instrumented the way aiscope expects (see chat_service)."""
