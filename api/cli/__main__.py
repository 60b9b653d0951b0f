"""`python -m dutygraph.api.cli`: the same command line as the `dutygraph` script."""

from dutygraph.api.cli.main import main

main()
