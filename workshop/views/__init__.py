"""Blueprints, one per audience: main, api, facilitator, participant, projector."""
