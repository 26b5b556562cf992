"""The one data layer: models, sessions and queries shared by the bot and the actions."""
