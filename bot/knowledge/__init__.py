"""The knowledge base as the assistant reads it: which stored fact answers a question.

Owns the retrieval index over the knowledge entries' questions (`retrieval`), the words of a
question (`words`: substance, names, masked scheme names) and the reading
of a question's form — yes/no, a comparison, a combination, several questions in one
message (`form`); two things a question sets side by side and each one's fact (`compared`);
whether a fact says "no" to a yes/no question (`verdict`); what a short
follow-up asks for, a place or a date (`asked`); whether a question is about a fact at all
(`relevance`); what a message asks for beyond a fact — advice, the contact, the events, a
deadline (`wishes`).
Free of any channel and of Rasa's dialogue: it takes text and returns
entries. May import: bot.config, bot.db, bot.assistant.programme_extractor (scheme names
found in text the way the NLU finds them), scikit-learn, numpy, yaml.
"""
