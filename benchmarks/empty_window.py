"""The start-up floor: a process that shows an empty PySide6 window and exits once it is shown.

Run by benchmarks/startup.py side by side with ``ebill-desktop --quit-after-ready``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit


def main() -> int:
    app = QApplication(sys.argv[:1])
    field = QLineEdit()  # one focusable field: "interactive" means the same as for the counter
    field.show()
    field.activateWindow()
    field.setFocus()

    def check() -> None:
        if field.isVisible() and field.hasFocus():
            app.exit(0)
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
