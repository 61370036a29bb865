"""Rules as data: one TOML file per knowledge area in this folder, read by core.knowledge.

A region can correct a rule by editing the TOML file; no code changes.
"""
