"""Entry script of the frozen counter application (PyInstaller runs this file as __main__)."""

from ebill_desktop.__main__ import main

if __name__ == "__main__":
    main()
