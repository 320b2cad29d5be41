def test_smoke(app):
    app.run()
    print([e.type for e in app.main])
    print(app.exception)
    print([m.label for m in app.metric][:5])
