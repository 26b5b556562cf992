"""The assistant: the Rasa agent run in this process, whatever the channel.

Owns: loading the model and answering a message (`runtime`), a turn as the conversation
holds it (`turns`; a follow-up pointing at an item of a numbered list just given, or at
"the other" of two schemes named, read as its words: `items`), the slot mappings the runtime
fills itself (`mappings`), our NLU component (`nlu_components`, and `knowledge_router`: a
question a stored fact answers), which language a message is in (`language`), and training
(`training`). What reaches into Rasa's internals (the patches, the tracker store, the
in-process action endpoint) lives in `bot.rasa_patches`.
May import: rasa, rasa_sdk, bot.config, bot.db, bot.i18n, bot.reply, bot.log, bot.rasa_patches,
bot.knowledge (the router's index; it imports `programme_extractor` back, lazily here, so no
module cycle), bot.advisor.reading (a founder's situation told in one message).
Never imports the channels (bot.telegram, bot.console) nor the `actions` package by name
(rasa-sdk loads it from its package name).
"""
