from antong_reports.cli import main

raise SystemExit(main())
