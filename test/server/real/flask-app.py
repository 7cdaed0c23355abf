# A real Flask app with the real Flask-Cors (Debian's python3-flask, python3-flask-cors),
# misconfigured the way people ship it. Started by test/server/real-servers.ts with the page
# origin as its argument; prints {"port": N} once listening.
import json
import sys

from flask import Flask, abort, jsonify, request
from flask_cors import CORS
from werkzeug.serving import make_server

origin = sys.argv[1]
app = Flask(__name__)

# 1. A resources pattern that does not match the URL the page calls (/flask/private/...).
# 2. /flask/auth is covered, but an auth check runs first and refuses the preflight.
# 3. origins "*" without supports_credentials, for a request with credentials (Flask-Cors
#    then reflects the origin but sends no Access-Control-Allow-Credentials).
CORS(app, resources={
    r"/api/*": {"origins": [origin]},
    r"/flask/auth/*": {"origins": [origin]},
    r"/flask/credentials/*": {"origins": "*"},
})


@app.before_request
def require_token():
    if request.path.startswith("/flask/auth/") and "Authorization" not in request.headers:
        abort(401)


@app.route("/flask/private/data")
def private():
    return jsonify(ok=True)


@app.route("/flask/auth/item", methods=["PUT"])
def auth_item():
    return jsonify(ok=True)


@app.route("/flask/credentials/item")
def credentials_item():
    return jsonify(ok=True)


server = make_server("127.0.0.1", 0, app, threaded=True)
print(json.dumps({"port": server.server_port}), flush=True)
server.serve_forever()
