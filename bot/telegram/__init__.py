"""Telegram front end (python-telegram-bot 22): handlers, rendering, delivery, run modes."""
