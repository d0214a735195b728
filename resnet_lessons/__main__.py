from resnet_lessons.cli import main

raise SystemExit(main())
