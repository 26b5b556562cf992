"""The declarative base every table of the project derives from (one metadata for Alembic)."""

from sqlalchemy.orm import declarative_base

Base = declarative_base()
