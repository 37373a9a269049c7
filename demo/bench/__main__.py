from demo.bench.runner import main

main()
