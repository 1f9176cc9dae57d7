"""Documents: what reads or writes files and formatted text (PDF, spreadsheets, imports, uploads, HTML sanitising, demo data)."""
