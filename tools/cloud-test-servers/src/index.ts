// One module per cloud: aws/, google/, azure/. Each exports a start function returning { url, close, ... }.
export {};
