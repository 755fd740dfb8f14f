"""`invoke bench`: build-speed, memory and related-articles quality, measured side by side."""
