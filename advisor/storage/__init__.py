"""Where the web service keeps appraisals: SQLAlchemy tables, one transaction per save, optimistic concurrency,
the history of answer changes, and Alembic migrations run on start (SQLite or PostgreSQL).

It keeps text, dates and numbers and knows nothing of the law: the front end checks answers through the public
API before it saves them. So it sits beside the law layer, independent of it, on top of base.

May import: advisor.base, SQLAlchemy, Alembic and the standard library.
Must not import: any other part of the advisor (the law, the engine, assessment, documents, quality, the front ends).
"""
