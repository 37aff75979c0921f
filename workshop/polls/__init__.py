"""Polls as a capability: the voting methods (workshop/polls/methods/) and their registry.

The generic parts stay where they were: workshop/tally.py ranks (pure), workshop/results.py
reads ballots and carries merges, workshop/rules/polls.py holds the operations.
"""
