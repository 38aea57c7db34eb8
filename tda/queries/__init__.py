"""Answers over the whole catalogue: impact, agendas, actions, reviews, decision reports."""
