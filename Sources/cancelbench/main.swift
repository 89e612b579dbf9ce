print("cancelbench")
