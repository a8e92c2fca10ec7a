"""Reading Chinese and English news language: names, quantities, the glossary."""
