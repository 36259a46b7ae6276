using KaPlatform.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;

namespace KaPlatform.ServiceDefaults.Input;

/// <summary>
/// An import's file, sent either as the raw body or as the one file of a multipart form, read whole under a size cap.
/// The cap is checked while reading, not only against Content-Length (a chunked upload has none), so an import never
/// buffers more than the cap; refusals are 400s on `file`.
/// </summary>
public static class UploadedFile
{
    /// <param name="kinds">What the import reads, for the refusal of a form with no or several files ("CSV", "CSV or XLSX").</param>
    public static async Task<(byte[] Bytes, string? FileName)> ReadAsync(HttpRequest request, int maxBytes, string kinds, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var source = request.Body;
        string? fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.Count == 1 ? form.Files[0] : throw FieldErrors.Invalid("file", $"Send exactly one {kinds} file.");
            fileName = file.FileName;
            source = file.OpenReadStream();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), fileName);
    }

    private static BusinessRuleException TooLarge(int maxBytes) =>
        FieldErrors.Invalid("file", $"The file is larger than {maxBytes / (1024 * 1024)} MB; split it.");
}
