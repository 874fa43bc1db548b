"""Pages of steps 1 and 2: an evaluation, its targets, the self-assessment form, evidence, and a
unit's members with their states.

Views only read what the access module allows (``access.restrict``: out of scope is 404), call a
service and turn its errors into messages; a role that may see but not act gets 403.
"""
