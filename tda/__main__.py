from tda.cli import main

main()
