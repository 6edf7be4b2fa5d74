import KpiqEngine
import KpiqLanguage
