"""講座運営（nbgrader）: course directory, cohort launch for HR, parallel grading, feedback and reports.

Each module does one job; the ``curriculum course`` / ``cohort`` / ``grade`` commands call them.
Nothing here touches the disk at import time.
"""
