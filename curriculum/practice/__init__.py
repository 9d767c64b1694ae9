"""練習用データ（架空・練習用と明記したデータ）の生成. Practice data generators: fictional, clearly labelled data in the exact format of the real sources."""
