import KpiqCLI
