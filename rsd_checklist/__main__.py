from rsd_checklist.cli import main

raise SystemExit(main())
