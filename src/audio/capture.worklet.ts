// placeholder: replaced by the capture worklet
export {};
