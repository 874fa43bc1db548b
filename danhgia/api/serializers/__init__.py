"""What the API shows of each record (read) and what it accepts (write)."""
