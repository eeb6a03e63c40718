import socket, time, random
random.seed(1)
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 8765)); s.listen(1)
c, _ = s.accept()
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
buf = b"\0"*4096
for i in range(200):
    d = random.uniform(0.003, 0.009) if i % 40 else random.uniform(0.105, 0.125)
    time.sleep(d)
    c.sendall(buf)
c.close()
