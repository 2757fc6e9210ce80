"""Database: models, migrations, importers and repositories that hand the core plain objects."""
