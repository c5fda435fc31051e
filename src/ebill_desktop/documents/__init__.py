"""Documents as PDF files (reportlab, imported where first used): receipts, and later bills
and shift reports. Qt-free, so the kiosk and the command line can make them too."""
