"""In-application notices (the bell) and their e-mails, sent by the job worker.

``post(users, subject, body, …)`` writes one notice per user in the caller's transaction and
queues one ``notices.email`` job for those with an address: nothing is sent inside a web
request, and nothing at all when the caller rolls back (the rows and the job go with it).
"""
