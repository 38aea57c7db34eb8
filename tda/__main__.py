from tda.cli import run

run()
